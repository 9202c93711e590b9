"""Every role × every action × every state, through HTTP POSTs to the admin."""

import pytest

from articles.workflow import Action
from tests.workflow_fixtures import STATES, desk, snapshot, story_in  # noqa: F401

ROLES = ["reporter", "other_reporter", "photographer", "editor", "chief", "superuser"]

# Written out by hand from issues 4 and 11 (三审), not derived from the code under test.
# The chief may sign an editor's level here because a second chief is left for 终审.
ALLOWED = {
    ("draft", "submit"): {"reporter", "superuser"},
    ("returned", "resubmit"): {"reporter", "superuser"},
    ("in_review_1", "approve"): {"editor", "chief", "superuser"},
    ("in_review_1", "return"): {"editor", "chief", "superuser"},
    ("in_review_2", "approve"): {"editor", "chief", "superuser"},
    ("in_review_2", "return"): {"editor", "chief", "superuser"},
    ("in_review_3", "approve"): {"chief", "superuser"},
    ("in_review_3", "return"): {"chief", "superuser"},
    ("approved", "publish"): {"chief", "superuser"},
    ("approved", "return"): {"chief", "superuser"},
    ("approved", "withdraw"): {"chief", "superuser"},
    ("published", "unpublish"): {"chief", "superuser"},
    ("published", "withdraw"): {"chief", "superuser"},
    ("published", "correct"): {"chief", "superuser"},
}
TARGET = {
    ("in_review_1", "approve"): ("in_review", 2),
    ("in_review_2", "approve"): ("in_review", 3),
    ("in_review_3", "approve"): ("approved", 0),
    ("draft", "submit"): ("in_review", 1),
    ("returned", "resubmit"): ("in_review", 1),
    ("published", "correct"): ("published", 0),
    ("published", "unpublish"): ("approved", 0),
    ("approved", "publish"): ("published", 0),
}
CASES = [(role, action, state) for state in STATES for action in Action.values for role in ROLES]


@pytest.mark.parametrize(("role", "action", "state"), CASES)
def test_role_action_state(client, desk, role, action, state):  # noqa: F811
    article = story_in(state, desk)
    before = snapshot(article)
    client.force_login(desk[role])
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/{action}/", {"comment": "审稿意见"}
    )
    after = snapshot(article)
    if role in ALLOWED.get((state, action), set()):
        assert response.status_code == 302
        assert after["events"] == before["events"] + 1
        assert after["version"] == before["version"] + 1
        status, level = TARGET.get((state, action), (None, None))
        if status:
            assert (after["status"], after["review_level"]) == (status, level)
        else:
            assert after["status"] in {"returned", "withdrawn"}
    else:
        assert response.status_code in (302, 404)
        assert after == before
