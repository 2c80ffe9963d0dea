"""Numbers taken from a register (Điều 15; DESIGN §5 decision 2): the locked read of the register both finds it
and takes its next number, and the first number of a year makes the register (issue 10)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from congvan.documents.models import Register, Series
from congvan.documents.services import register_take_number

pytestmark = pytest.mark.django_db


def take(org, series=Series.ORDINARY, year=2026):
    with transaction.atomic():
        return register_take_number(organization=org, direction="out", year=year, series=series)


class TestRegisterTakeNumber:
    def test_the_first_number_of_a_year_makes_the_register(self, agency):
        """No register for the year yet: it is made and its first number is 1; the next call takes 2 from it."""
        with translation.override("vi"):
            first, n1 = take(agency.org)
        second, n2 = take(agency.org)
        assert (n1, n2) == (1, 2) and first.pk == second.pk
        assert Register.objects.get(pk=first.pk).next_number == 3
        assert first.name == "Sổ văn bản đi 2026"

    def test_each_series_and_year_counts_on_its_own(self, agency):
        """The confidential series and another year are other registers, each starting at 1."""
        take(agency.org)
        assert take(agency.org, series=Series.CONFIDENTIAL)[1] == 1
        assert take(agency.org, year=2027)[1] == 1
        assert take(agency.org)[1] == 2

    def test_an_existing_register_costs_one_read_and_one_write(self, agency, django_assert_num_queries):
        """The locked read finds the register and its number; the update moves the counter."""
        take(agency.org)
        with django_assert_num_queries(2), transaction.atomic(savepoint=False):
            register_take_number(organization=agency.org, direction="out", year=2026, series=Series.ORDINARY)
