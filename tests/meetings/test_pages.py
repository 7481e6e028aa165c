"""Every meetings page renders for the people who may see it."""


def test_pages_render_for_the_organiser(login_as, rakor):
    client = login_as("coordinator")
    for path in (
        "/rapat/",
        "/rapat/?tab=selesai",
        f"/rapat/{rakor.id}",
        "/rapat/baru",
        f"/rapat/{rakor.id}/ubah",
        f"/rapat/{rakor.id}/kode",
        f"/rapat/{rakor.id}/kehadiran",
        f"/rapat/{rakor.id}/hitungan",
        f"/rapat/{rakor.id}/daftar-hadir",
        f"/rapat/{rakor.id}/notulen",
        "/rapat/tugas",
        "/rapat/kalender",
        "/",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[-3000:])
