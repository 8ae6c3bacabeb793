"""One definition of each role check.

`User.is_patient`, `is_clinician`, `is_supporter`, `is_admin` and
`has_staff_role` (accounts/models.py) are the only places a role is compared;
`care.policy.is_<role>` adds "signed in and active" and everything else calls
one of them. A second `user.role == Role.ADMIN` somewhere is how two
definitions drift apart, so product code may not compare a role anywhere else.
"""

import ast
import textwrap
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "clearhead"
THE_ONE_PLACE = PACKAGE / "accounts" / "models.py"
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)


def _is_role(node) -> bool:
    return (isinstance(node, ast.Name) and node.id == "role") or (
        isinstance(node, ast.Attribute) and node.attr == "role"
    )


def role_comparisons(source: str, filename: str) -> list[str]:
    """Each `role ==`, `role !=`, `role in`, `x.role not in`… as "file:line"."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, (left, right) in zip(node.ops, pairwise(operands), strict=True):
            if isinstance(op, COMPARISONS) and (_is_role(left) or _is_role(right)):
                found.append(f"{filename}:{node.lineno}: compares a role")
                break
    return found


def product_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def test_roles_are_compared_only_in_the_user_model():
    found = []
    for path in product_modules():
        if path != THE_ONE_PLACE:
            found += role_comparisons(path.read_text(), str(path.relative_to(ROOT)))
    assert found == []


def test_the_user_model_is_where_the_roles_are_compared():
    assert role_comparisons(THE_ONE_PLACE.read_text(), "models.py")


def test_a_role_compared_elsewhere_is_caught():
    planted = textwrap.dedent(
        """
        def may(user, role):
            if user.role == Role.ADMIN:
                return True
            if role not in ALLOWED:
                return False
            return user.is_patient and user.role in {"a", "b"}
        """
    )
    assert role_comparisons(planted, "fake.py") == [
        "fake.py:3: compares a role",
        "fake.py:5: compares a role",
        "fake.py:7: compares a role",
    ]
