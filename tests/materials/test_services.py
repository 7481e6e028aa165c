"""Publishing and reading rules, tested on the services without a request."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import storage
from portal.extensions import db
from portal.materials import attachments, queries, services
from portal.models import AuditEvent, Material
from portal.models.materials import (
    ARCHIVED,
    AUDIENCE_MEMBERS,
    AUDIENCE_ORGANISATIONS,
    AUDIENCE_PUBLIC,
    DRAFT,
    PUBLISHED,
)

from . import samples


def data(world, **kw) -> services.MaterialData:
    values = {
        "title": "SOP Evakuasi Banjir",
        "kind": "sop",
        "summary": "Langkah evakuasi warga.",
        "body": "Isi **SOP**.",
        "link_url": None,
        "audience": AUDIENCE_ORGANISATIONS,
        "organisation_id": world.org_a,
        "organisation_ids": [world.org_a],
    }
    values.update(kw)
    return services.MaterialData(**values)


def stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "materials")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("SOP Evakuasi Banjir 2026", "sop-evakuasi-banjir-2026"),
        ("Pédoman  Relawan — Édisi #2", "pedoman-relawan-edisi-2"),
        ("!!!", "materi"),
        ("a" * 200, "a" * 80),
    ],
)
def test_slugify(title, slug):
    assert services.slugify(title) == slug


def test_slugs_are_unique_and_never_shadow_a_page(ctx, world):
    samples.material("SOP", slug="sop")
    samples.material("SOP 2", slug="sop-2")
    assert services.unique_slug("SOP") == "sop-3"
    assert services.unique_slug("Baru") == "baru-2"
    assert services.unique_slug("Kelola") == "kelola-2"
    assert services.unique_slug("SOP lain") == "sop-lain"


def test_create_draft_with_attachment(app, people, world):
    upload = attachments.inspect(samples.PDF)
    material = services.create(people["coordinator"], data(world), upload, submission_id="abc")
    assert material.status == DRAFT and material.published_at is None
    assert material.slug == "sop-evakuasi-banjir"
    assert material.attachment_type == "pdf" and material.attachment_size == len(samples.PDF)
    assert storage.size(material.attachment_path) == len(samples.PDF)
    assert [o.id for o in material.organisations] == [world.org_a]
    assert actions() == ["material.created"]
    assert services.created_with("abc").id == material.id


def test_create_and_publish(people, world):
    material = services.create(people["coordinator"], data(world), publish=True)
    assert material.status == PUBLISHED and material.published_at is not None
    assert not material.was_updated
    assert actions() == ["material.created", "material.published"]


def test_coordinator_cannot_publish_for_another_organisation(app, people, world):
    upload = attachments.inspect(samples.PDF)
    with pytest.raises(services.MaterialError):
        services.create(people["coordinator"], data(world, organisation_id=world.org_b), upload)
    with pytest.raises(services.MaterialError):
        services.create(people["coordinator"], data(world, organisation_id=None), upload)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Material)) == 0
    assert stored_files(app) == []


def test_admin_publishes_for_the_office(people, world):
    material = services.create(people["admin"], data(world, organisation_id=None), publish=True)
    assert material.organisation_id is None


def test_edit_keeps_the_address_and_says_updated(people, world):
    material = services.create(people["coordinator"], data(world), publish=True)
    material.published_at -= timedelta(days=2)  # published two days ago
    db.session.commit()
    services.update_material(
        people["coordinator"], material, data(world, title="SOP Evakuasi Banjir (revisi)")
    )
    assert material.slug == "sop-evakuasi-banjir"
    assert material.title == "SOP Evakuasi Banjir (revisi)"
    assert material.was_updated
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "material.updated" and event.detail == {"fields": ["title"]}


def test_edit_without_change_is_not_an_update(people, world):
    material = services.create(people["coordinator"], data(world), publish=True)
    services.update_material(people["coordinator"], material, data(world))
    assert "material.updated" not in actions()
    assert not material.was_updated


def test_replacing_or_removing_the_attachment_deletes_the_old_file(app, people, world):
    material = services.create(people["coordinator"], data(world), attachments.inspect(samples.PDF))
    first = material.attachment_path
    db.session.commit()
    services.update_material(
        people["coordinator"], material, data(world), attachments.inspect(samples.png_file())
    )
    assert material.attachment_type == "png"
    assert len(stored_files(app)) == 2  # the old file stays until the change commits
    db.session.commit()
    assert stored_files(app) == [os.path.basename(material.attachment_path)]
    assert first != material.attachment_path
    services.update_material(people["coordinator"], material, data(world), remove_attachment=True)
    db.session.commit()
    assert material.attachment_path is None and material.attachment_size is None
    assert stored_files(app) == []


def test_a_failed_save_leaves_no_file_and_no_change(app, people, world):
    material = services.create(people["coordinator"], data(world), attachments.inspect(samples.PDF))
    db.session.commit()
    before = stored_files(app)
    services.update_material(
        people["coordinator"],
        material,
        data(world, title="Judul baru"),
        attachments.inspect(samples.png_file()),
    )
    assert len(stored_files(app)) == 2
    db.session.rollback()  # what the request does when anything fails after the service
    assert stored_files(app) == before
    assert db.session.get(Material, material.id).title == "SOP Evakuasi Banjir"


def test_audience_other_than_organisations_drops_the_chosen_ones(people, world):
    material = services.create(people["coordinator"], data(world))
    services.update_material(people["coordinator"], material, data(world, audience=AUDIENCE_PUBLIC))
    assert material.organisations == []


def test_archive_and_publish_again_keeps_the_first_date(people, world):
    material = services.create(people["coordinator"], data(world), publish=True)
    first = material.published_at
    services.archive(people["coordinator"], material)
    assert material.status == ARCHIVED
    with pytest.raises(services.MaterialError):
        services.archive(people["coordinator"], material)
    services.publish(people["coordinator"], material)
    assert material.status == PUBLISHED and material.published_at == first
    with pytest.raises(services.MaterialError):
        services.publish(people["coordinator"], material)
    assert actions()[-3:] == ["material.published", "material.archived", "material.published"]


def _titles(user, **kw) -> set[str]:
    return {m.title for m in queries.library_page(user, **kw).items}


@pytest.fixture
def shelf(ctx, world):
    """Material of every audience and status, for the visibility tests."""
    samples.material("Untuk A", org_id=world.org_a, for_orgs=(world.org_a,), kind="sop")
    samples.material("Untuk B", org_id=world.org_b, for_orgs=(world.org_b,), kind="pedoman")
    samples.material("Dari B untuk A", org_id=world.org_b, for_orgs=(world.org_a,))
    samples.material("Semua anggota", audience=AUDIENCE_MEMBERS, kind="regulasi")
    samples.material("Umum", org_id=world.org_b, audience=AUDIENCE_PUBLIC, kind="video")
    samples.material("Draf A", org_id=world.org_a, for_orgs=(world.org_a,), status=DRAFT)
    samples.material("Arsip A", org_id=world.org_a, for_orgs=(world.org_a,), status=ARCHIVED)
    db.session.commit()


def test_each_person_sees_their_audience(shelf, people):
    assert _titles(people["member"]) == {"Untuk A", "Dari B untuk A", "Semua anggota", "Umum"}
    # A coordinator sees their own organisation's material too, whoever it is for.
    assert _titles(people["other_coordinator"]) == {
        "Untuk B",
        "Dari B untuk A",
        "Semua anggota",
        "Umum",
    }
    assert _titles(people["admin"]) == {
        "Untuk A",
        "Untuk B",
        "Dari B untuk A",
        "Semua anggota",
        "Umum",
    }
    assert _titles(people["pending"]) == {"Umum"}
    assert _titles(None) == {"Umum"}


def test_filters_by_kind_and_publisher(shelf, people, world):
    admin = people["admin"]
    assert _titles(admin, kind="sop") == {"Untuk A", "Dari B untuk A"}
    assert _titles(admin, owner="kantor") == {"Semua anggota"}
    assert _titles(admin, owner=world.org_b) == {"Untuk B", "Dari B untuk A", "Umum"}
    assert [o.name for o in queries.publishers(people["member"])] == ["PSM Uji B", "Tagana Uji A"]
    assert [o.name for o in queries.publishers(None)] == ["PSM Uji B"]


def test_search_title_summary_and_body_in_any_case(ctx, world, people):
    samples.material("Pedoman Posko", summary="Mendirikan dapur umum.", body="Tenda darurat.")
    samples.material("SOP Banjir", summary="Evakuasi.", body="Perahu karet dan pelampung.")
    samples.material("Diskon 100% untuk_semua", summary="x", body="y")
    samples.material("Modul Édisi Kedua", summary="x", body="y")
    for m in db.session.scalars(select(Material)):
        m.audience = AUDIENCE_MEMBERS
    db.session.commit()
    member = people["member"]
    assert _titles(member, query="posko") == {"Pedoman Posko"}
    assert _titles(member, query="DAPUR") == {"Pedoman Posko"}
    assert _titles(member, query="pelampung") == {"SOP Banjir"}
    assert _titles(member, query="perahu pelampung") == {"SOP Banjir"}
    assert _titles(member, query="perahu dapur") == set()  # every word must match
    # LIKE wildcards typed by a person are plain characters.
    assert _titles(member, query="100%") == {"Diskon 100% untuk_semua"}
    assert _titles(member, query="n_u") == set()
    # Case is folded in Python, so letters beyond ASCII match on SQLite too.
    assert _titles(member, query="édisi") == {"Modul Édisi Kedua"}


def test_a_page_carries_its_total_even_past_the_end(ctx, world, people):
    for n in range(25):
        samples.material(f"Materi {n}", audience=AUDIENCE_MEMBERS, slug=f"materi-{n}")
    db.session.commit()
    member = people["member"]
    first = queries.library_page(member)
    assert (len(first.items), first.total, first.pages) == (20, 25, 2)
    assert first.items[0].title == "Materi 24"  # newest first
    assert queries.library_page(member, page=2).total == 25
    beyond = queries.library_page(member, page=9)
    assert beyond.items == [] and beyond.total == 25
    assert queries.library_page(member, query="tidak ada").total == 0
