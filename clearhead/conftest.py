"""Personas shared by every test (see docs/testing.md for who they are)."""

import pytest

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.testing import PERSONA_PASSWORD, make_user


@pytest.fixture
def patient_pat(db):
    """A person in recovery: the owner of the records most tests look at."""
    return make_user("pat@example.org", Role.PATIENT, "Pat")


@pytest.fixture
def patient_pia(db):
    """Another patient, who must never see Pat's records or account."""
    return make_user("pia@example.org", Role.PATIENT, "Pia")


@pytest.fixture
def supporter_sam(db):
    """A family member with an account of their own."""
    return make_user("sam@example.org", Role.SUPPORTER, "Sam")


@pytest.fixture
def clinician_casey(db):
    """A clinician (care teams arrive with the clinician workspace)."""
    return make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")


@pytest.fixture
def admin_ada(db):
    """An administrator: manages accounts, not health information."""
    return make_user("ada@clinic.example.org", Role.ADMIN, "Ada")


@pytest.fixture
def persona_password():
    return PERSONA_PASSWORD


# Clinic personas: Casey is on Pat's care team (once enrolled), Olive is in
# the same program but not on the team, Oscar works for another program.


@pytest.fixture
def program(db):
    return Program.objects.create(name="Riverbend Recovery")


@pytest.fixture
def clinician_olive(program):
    """Same program as Casey, but not on Pat's care team."""
    olive = make_user("olive@clinic.example.org", Role.CLINICIAN, "Olive")
    ProgramMembership.objects.create(program=program, clinician=olive)
    return olive


@pytest.fixture
def clinician_oscar(db):
    """A clinician of another program altogether."""
    oscar = make_user("oscar@other.example.org", Role.CLINICIAN, "Oscar")
    ProgramMembership.objects.create(
        program=Program.objects.create(name="Elsewhere"), clinician=oscar
    )
    return oscar


@pytest.fixture
def casey_in_program(program, clinician_casey):
    ProgramMembership.objects.create(program=program, clinician=clinician_casey)
    return clinician_casey
