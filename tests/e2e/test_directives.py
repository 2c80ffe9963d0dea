"""The directives in the browser (issue 5): the leader's dashboard with its charts and drill-down, and a report
submitted from the assignment page, on the demo's campaign half-way (congvan.demo.campaign)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_walk import Walk
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CENTRE_CLERK = "vanthu.ttvh.bacson"  # Bắc Sơn: communes reported, the centre and the office not yet
OFFICE_HEAD = "lanhdao.vhtt.bacson"


class TestLeadersDashboard:
    def test_dashboard_charts_and_drill_down_to_the_communes(self, walk: Walk, demo: dict[str, Any]) -> None:
        """The Sở's leader sees completion by organisation and in total, the overdue ones, the reports over time;
        opens the campaign, a district, its centre, down to the commune radio stations."""
        page = walk.login("lhyen")
        walk.click_and_wait("Nhiệm vụ", role="link")
        expect(page.get_by_role("heading", name="Theo dõi nhiệm vụ")).to_be_visible()
        expect(page.get_by_test_id("chart-by-organization").locator("tr")).to_have_count(11)
        expect(page.get_by_test_id("chart-overdue").locator("tr")).to_have_count(6)
        expect(page.get_by_test_id("chart-timeline").locator(".cv-col")).not_to_have_count(0)
        expect(page.get_by_test_id("done-percent")).to_have_text(re.compile(r"^\d+%$"))
        walk.shot("directives-01-dashboard", full_page=True)

        walk.click_and_wait(re.compile("Quân đội nhân dân"), role="link")
        rows = page.get_by_test_id("rows").locator("tbody tr")
        expect(rows).to_have_count(11)
        expect(page.get_by_test_id("rows")).to_contain_text("Hoàn thành đúng hạn")
        expect(page.get_by_test_id("rows")).to_contain_text("Quá hạn")
        walk.shot("directives-02-campaign", full_page=True)

        walk.click_and_wait(re.compile("Phòng VH&TT Văn Lãng"), role="link")
        walk.click_and_wait(re.compile("TTVHTTTT Văn Lãng"), role="link")
        communes = page.get_by_test_id("rows").locator("tbody tr")
        expect(communes).to_have_count(2)
        expect(page.get_by_test_id("rows")).to_contain_text("Hoàn thành quá hạn")  # the late commune radio
        walk.shot("directives-03-drill-down", full_page=True)

    def test_register_and_reports_of_annex_vi_export(self, walk: Walk, demo: dict[str, Any]) -> None:
        """Phụ lục VI V: the tracking register page offers XLSX and PDF; the PDF downloads."""
        page = walk.login("vanthu.sotttt")
        page.goto(walk.url("/app/directives/"))
        walk.click_and_wait("Báo cáo giải quyết văn bản đi", role="link")
        expect(page.get_by_test_id("report")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Xuất PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")


class TestReportSubmission:
    def test_centre_reports_and_the_office_accepts(self, walk: Walk, demo: dict[str, Any]) -> None:
        """The centre's clerk follows the notification on /app/, a decimal where a whole number is wanted is
        refused in Vietnamese, the corrected report is sent; the office's head sees it in the totals and
        accepts it."""
        page = walk.login(CENTRE_CLERK)
        notes = page.get_by_test_id("notifications")
        expect(notes).to_contain_text("Nhiệm vụ mới")
        walk.click_and_wait(re.compile("Nhiệm vụ mới: “Tuyên truyền kỷ niệm Ngày thành lập"), role="link")
        form = page.get_by_test_id("report-form")
        expect(form).to_be_visible()
        form.locator('input[name="fig_tin_bai"]').fill("4,5")
        form.locator('input[name="fig_phut_phat_thanh"]').fill("90,5")
        form.locator('input[name="fig_su_kien"]').fill("2")
        form.locator('input[name="fig_buoi_loa"]').fill("6")
        form.locator('textarea[name="text"]').fill("Trung tâm đã phát sóng chuyên mục và tổ chức giao lưu.")
        walk.click_and_wait("Gửi báo cáo")
        expect(page.locator("main")).to_contain_text("phải là số nguyên")
        page.go_back()
        form = page.get_by_test_id("report-form")
        form.locator('input[name="fig_tin_bai"]').fill("4")
        form.locator('input[name="fig_phut_phat_thanh"]').fill("90,5")
        form.locator('input[name="fig_su_kien"]').fill("2")
        form.locator('input[name="fig_buoi_loa"]').fill("6")
        walk.shot("directives-04-report-form", full_page=True)
        walk.click_and_wait("Gửi báo cáo")
        expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo kết quả.")
        expect(page.get_by_test_id("reports")).to_contain_text("Đã gửi")
        url = page.url
        walk.logout()

        page = walk.login(OFFICE_HEAD)
        page.goto(url)
        expect(page.get_by_test_id("totals").locator('[data-figure="su_kien"]')).not_to_have_text("")
        walk.click_and_wait("Chấp nhận báo cáo")
        expect(page.get_by_role("status")).to_contain_text("Đã chấp nhận báo cáo.")
        expect(page.get_by_test_id("reports")).to_contain_text("Đã chấp nhận")
        walk.shot("directives-05-accepted", full_page=True)
