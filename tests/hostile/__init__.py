"""Hostile submissions: what a dishonest student puts in the first answer cell, and how to tell it worked.

- :mod:`.attacks`: the attacks, as data (a name, the payload, what it reaches on an unprotected pipeline);
- :mod:`.classroom`: a class of one blank, one right-answers student, one victim (whose work holds a
  canary) and one student per attack; grading it with ``course grade`` and with plain nbgrader; and the
  detectors that say what each attacker reached.

``tests/test_hostile_submissions.py`` runs them.
"""
