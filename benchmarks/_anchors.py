"""The two anchors bench_pages.py measures the portal against, served by the same gunicorn.

    gunicorn 'benchmarks._anchors:hello()'   # A0: a 5-line Flask "hello"
    gunicorn 'benchmarks._anchors:naive()'   # Flask-SQLAlchemy + Flask-Login, 50 rows

The naive page is what a first Flask tutorial builds: a logged-in person (Flask's signed
cookie session, the user loaded by Flask-Login), their 50 latest activities from the same
data set, one Jinja template.
"""

import os

from flask import Flask, render_template_string, request, session


def hello() -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/", "hello", lambda: "Hello, World!")
    return app


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Kegiatan</title></head><body><h1>Kegiatan {{ current_user.full_name }}</h1>
<table><tr><th>Tanggal</th><th>Judul</th><th>Menit</th><th>Dilayani</th></tr>
{% for a in rows %}<tr><td>{{ a.done_on }}</td><td>{{ a.title }}</td>
<td>{{ a.duration_minutes }}</td><td>{{ a.people_served }}</td></tr>{% endfor %}
</table></body></html>"""


def naive() -> Flask:
    from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
    from flask_sqlalchemy import SQLAlchemy

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "naive-anchor-secret-key-0123456789abcdef"  # noqa: S105
    url = os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = url.replace("postgresql://", "postgresql+psycopg://")
    db = SQLAlchemy(app)
    login = LoginManager(app)

    class User(UserMixin, db.Model):
        __tablename__ = "user"
        id = db.Column(db.Integer, primary_key=True)
        full_name = db.Column(db.String)

    class Activity(db.Model):
        __tablename__ = "activity"
        id = db.Column(db.Integer, primary_key=True)
        user_id = db.Column(db.Integer)
        done_on = db.Column(db.Date)
        title = db.Column(db.String)
        duration_minutes = db.Column(db.Integer)
        people_served = db.Column(db.Integer)

    login.user_loader(lambda user_id: db.session.get(User, int(user_id)))

    @app.route("/login")
    def log_in():
        login_user(db.session.get(User, int(request.args["user"])))
        return "ok"

    @app.route("/")
    @login_required
    def index():
        rows = (
            Activity.query.filter_by(user_id=current_user.id)
            .order_by(Activity.done_on.desc(), Activity.id.desc())
            .limit(50)
            .all()
        )
        session.modified = False
        return render_template_string(PAGE, rows=rows)

    return app
