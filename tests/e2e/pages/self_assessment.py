"""Page object for the public self-assessment: answers questions by their text."""

from playwright.sync_api import Page, expect


class SelfAssessment:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_start(self) -> None:
        self.page.goto(self.base_url + "/")
        self.page.get_by_role("link", name="Self-check").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "Is my ketamine use a problem?"
        )

    def expect_step(self, title: str) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(title)

    def answer(self, question: str, choice: str) -> None:
        group = self.page.get_by_role("group", name=question, exact=False)
        group.get_by_label(choice, exact=True).check()

    def answer_all(self, choice: str) -> None:
        for group in self.page.locator("form.step-form fieldset").all():
            group.get_by_label(choice, exact=True).check()

    def tick(self, *labels: str) -> None:
        for label in labels:
            self.page.get_by_label(label, exact=False).check()

    def next(self) -> None:
        self.page.get_by_role("button", name="Continue").click()

    def skip(self) -> None:
        self.page.get_by_role("button", name="Skip this part").click()
