"""Administrators load a province's directory of organisations from CSV (issue 2)."""

from __future__ import annotations

import pytest

from congvan.documents.errors import InvalidInput
from congvan.orgs.models import Organization
from congvan.orgs.services import organizations_import_csv

pytestmark = pytest.mark.django_db

HEADER = "code,name,short_name,abbreviation,parent_code,parent_name,place\n"


def test_rows_create_the_tree_with_parents_given_later_in_the_file():
    """A child row may come before its parent; the tree is built after all rows are read."""
    result = organizations_import_csv(
        HEADER
        + "000.00.25.H33,Sở Thông tin và Truyền thông,Sở TTTT,STTTT,000.00.00.H33,UBND TỈNH LẠNG SƠN,Lạng Sơn\n"
        + "000.00.00.H33,Ủy ban nhân dân tỉnh Lạng Sơn,UBND tỉnh,UBND,,,Lạng Sơn\n"
    )
    assert (result.created, result.updated) == (2, 0)
    assert Organization.objects.get(code="000.00.25.H33").parent.code == "000.00.00.H33"


def test_reimport_updates_instead_of_duplicating():
    """Importing the same file twice updates the rows (the organ id is the key)."""
    data = HEADER + "000.00.40.H33,Báo Lạng Sơn,Báo LS,BLS,,,Lạng Sơn\n"
    organizations_import_csv(data)
    result = organizations_import_csv(data.replace("Báo LS", "Báo Lạng Sơn"))
    assert (result.created, result.updated) == (0, 1)
    assert Organization.objects.get().short_name == "Báo Lạng Sơn"


@pytest.mark.parametrize(
    "data",
    [
        "code,name\n000.1,X\n",
        HEADER + ",Không có mã,,X,,,\n",
        HEADER + "000.00.41.H33,Đài,,PTTH,999.99.99.X99,,\n",
    ],
    ids=["missing-column", "missing-code", "unknown-parent"],
)
def test_bad_file_is_refused_whole(data):
    """On any bad row nothing is written, and the message names the line."""
    with pytest.raises(InvalidInput):
        organizations_import_csv(
            HEADER + "000.00.50.H33,Hợp lệ,,HL,,,\n" + data.split("\n", 1)[1]
            if data.startswith(HEADER)
            else data
        )
    assert not Organization.objects.exists()


def test_admin_page_imports_the_file(admin_client):
    """The administrator uploads the CSV on the organisations page of /admin/."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orgs.csv", (HEADER + "000.00.40.H33,Báo Lạng Sơn,,BLS,,,\n").encode())
    response = admin_client.post("/admin/orgs/organization/import-csv/", {"file": upload})
    assert response.status_code == 302
    assert Organization.objects.filter(code="000.00.40.H33").exists()
