"""The public directory's own index over the people who agreed to be listed."""

from sqlalchemy import Index

from .user import User

# The public directory filters people on their consent; this keeps that scan on an index
# without touching the foundation's user model.
Index("ix_user_listed_name", User.listed, User.full_name)
