"""SelfCheck: a question, an answer box and a Check button that gives a hint, never the answer."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..selfcheck import CheckResult, check, question
from ._shared import friendly_label, live_region

_CORRECT_COLOUR = "#1a7f37"
_HINT_COLOUR = "#9a3412"


class SelfCheck(widgets.VBox):
    """Answer a lesson's self-check question and press Check.

    A right answer gets "Correct!" and a word on what you learned; a wrong
    one gets a hint about what to re-read. The answer is never shown. Case,
    spacing and outer punctuation do not matter. Once you have pressed
    Check, the verdict follows your answer: change it and press Enter (or
    leave the box) to see the new verdict.

    >>> box = SelfCheck("try-it")
    >>> box.answer_box.value = "steady"
    >>> box.check_button.click()
    >>> "Not quite" in box.feedback.value
    True
    """

    def __init__(self, question_id: str):
        self.question_id = question_id
        text = question(question_id)  # an unknown id raises UnknownQuestionError here, before anything is shown
        self.question_text = widgets.HTML(
            f'<p style="margin:4px 0"><strong>Self-check:</strong> {html.escape(text)}</p>'
        )
        # Sent when the box loses focus (as the Check click does) or on Enter, so a click can never
        # reach the kernel ahead of the last letters typed.
        # "Your answer:" is a <label> tied to the box: its accessible name (a placeholder is not one).
        self.answer_box = widgets.Text(
            placeholder="Type your answer here", continuous_update=False, **friendly_label("Your answer:")
        )
        self.check_button = widgets.Button(
            description="Check", button_style="primary", icon="check", tooltip="Check your answer"
        )
        # A live region, there from the start, so a screen reader announces each verdict and hint as it comes.
        self.feedback = widgets.HTML(live_region())
        self.result: CheckResult | None = None
        self._checked_once = False
        self.check_button.on_click(lambda button: self.submit())
        self.answer_box.observe(self._answer_changed, names="value")
        super().__init__([self.question_text, widgets.HBox([self.answer_box, self.check_button]), self.feedback])

    def submit(self) -> CheckResult:
        """Check what is in the answer box, show the feedback, and return the result."""
        self._checked_once = True
        self.result = check(self.question_id, self.answer_box.value)
        colour = _CORRECT_COLOUR if self.result.correct else _HINT_COLOUR
        self.feedback.value = live_region(
            f'<p style="color:{colour};font-weight:600;margin:4px 0">{html.escape(self.result.message)}</p>'
        )
        return self.result

    def _answer_changed(self, change) -> None:
        # Old feedback next to a new answer would mislead, so after the first Check the verdict follows
        # the answer. This also keeps the verdict right when the front end's message throttle
        # (ipywidgets buffers a value update while an earlier one is unacknowledged) lets the Check
        # click reach the kernel before the last answer typed: the late answer is checked on arrival.
        if not self._checked_once:
            return
        if not change["new"].strip():
            self.result = None
            self.feedback.value = live_region()
            return
        self.submit()
