"""Reading: the members' library, the public list, one material, its download, "selesai"."""

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ... import storage
from ...extensions import configured_limit, limiter
from ...htmx import is_fragment_request, render_page_or_fragment
from ...models import Material
from ...paging import page_number
from ...security import found_or_404, member_required
from ...security.materials import readable_material_or_404
from .. import attachments, bp, queries
from .. import progress as progress_service
from ..forms import CompletionForm, LibrarySearchForm, StatusForm


def _logged_in() -> bool:
    """Members behind one carrier NAT share an address: only visitors are rate limited."""
    return current_user.is_authenticated


def _search_page(user, endpoint: str):
    form = LibrarySearchForm(request.args, publishers=queries.publishers(user))
    form.validate()
    results = queries.library_page(
        user,
        query=form.q.data if not form.q.errors else None,
        kind=form.kind,
        owner=form.owner,
        page=page_number(),
    )
    progress = queries.progress_map(user, [m.id for m in results.items]) if user else {}
    # htmx's live search swaps only the results; a plain GET gets the whole page.
    return render_page_or_fragment(
        "materials/library.html" if user else "materials/public.html",
        "materials/_results.html",
        form=form,
        results=results,
        progress=progress,
        endpoint=endpoint,
    )


@bp.route("/")
@member_required
def library():
    """The material meant for this person, newest first; search and filters."""
    return _search_page(current_user, "materials.library")


@bp.route("/publik")
@limiter.limit(configured_limit("PUBLIC"))
def public():
    """Public material, for the community: no login needed."""
    return _search_page(None, "materials.public")


@bp.route("/<slug>")
@limiter.limit(configured_limit("PUBLIC"), exempt_when=_logged_in)
def detail(slug: str):
    """One material; the first visit counts as opened."""
    material = readable_material_or_404(slug, joinedload(Material.organisation))
    progress = progress_service.note_opening(current_user, material)
    return render_template(
        "materials/detail.html",
        material=material,
        progress=progress,
        completion_form=CompletionForm(),
        status_form=StatusForm(),
    )


@bp.route("/<slug>/unduh")
@limiter.limit(configured_limit("PUBLIC"), exempt_when=_logged_in)
def download(slug: str):
    """The attachment, for its audience only; downloading counts as opened."""
    material = readable_material_or_404(slug)
    path = found_or_404(material.attachment_path)
    progress_service.note_opening(current_user, material)
    return storage.send_stored(
        path,
        mimetype=attachments.MIMETYPES[material.attachment_type],
        download_name=f"{material.slug}.{material.attachment_type}",
    )


@bp.route("/<slug>/selesai", methods=["POST"])
@login_required
def complete(slug: str):
    """Mark as completed in one tap, or undo it (done=0)."""
    material = readable_material_or_404(slug)
    form = CompletionForm()
    if not form.validate_on_submit() or not material.is_published:
        abort(400)
    done = form.done.data == "1"
    progress = progress_service.set_completed(current_user, material, done)
    message = _("Ditandai selesai dipelajari.") if done else _("Tanda selesai dibatalkan.")
    if is_fragment_request():
        return make_response(
            render_template(
                "materials/_progress.html",
                material=material,
                progress=progress,
                completion_form=CompletionForm(),
                message=message,
            )
        )
    flash(message, "success")
    return redirect(url_for("materials.detail", slug=material.slug), code=303)
