# nbgrader configuration for the "Two Readings" course.
#
# Run nbgrader from this folder (cd course && nbgrader ...), or point the
# Python API at this file: see README.md.

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

COURSE_ROOT = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "two-readings"
# The course folder is wherever this file is, so a copy of the folder
# (for example in a test's temporary directory) is a complete course of its own.
c.CourseDirectory.root = str(COURSE_ROOT)

# The exchange is where students fetch assignments and submit them. nbgrader's
# default (/usr/local/share/nbgrader/exchange) is often not writable, so we use
# $TWO_READINGS_EXCHANGE if it is set, else the folder exchange/ inside this
# course folder (git ignores it). On a shared server set TWO_READINGS_EXCHANGE
# to a folder every student can read and write.
c.Exchange.root = os.environ.get("TWO_READINGS_EXCHANGE", str(COURSE_ROOT / "exchange"))

# Seconds each cell may run when nbgrader executes a notebook (autograde and
# validate). A looping cell is interrupted after this and scores nothing.
c.Execute.timeout = 30

# Released answer cells keep the line that names the variable (`answer = None`)
# and get this comment where the solution was: a blank notebook runs from top
# to bottom without errors in the answer cells, and only the check cells fail.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student who deletes a check cell gets it back, from the source version,
# when their work is autograded: deleting a check earns nothing and loses nothing.
c.OverwriteCells.add_missing_cells = True

# Student code is hostile until proven otherwise. Every kernel that runs it is sandboxed
# (bubblewrap: no course folder, no other students, no gradebook, no network, limits on memory,
# processes, files and time), and every check runs in a second sandboxed kernel that never ran
# student code, fed the student's answers as plain data (readinglab/instructor/grading/checks.py).
# This list is nbgrader's own, with SandboxedExecute in place of its Execute: `nbgrader autograde`,
# the formgrader's Autograde button and `course grade` all grade this way. Where bubblewrap cannot
# run, grading stops and says how to fix it; `course grade --unsafe-no-sandbox` grades anyway and
# records the run as unsandboxed.
c.Autograde.autograde_preprocessors = [
    "readinglab.instructor.grading.checks.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Keep autograded notebooks small when a cell prints without end.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# nbgrader's own feedback (the formgrader's "Generate Feedback" button, `nbgrader
# generate_feedback`) would show students the hidden tests and mark schemes. The course's
# preprocessor takes them out, as `course feedback` does (readinglab/instructor/feedback.py);
# `course feedback --show-hidden-tests` gives the teaching team nbgrader's full page.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "readinglab.instructor.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# nbgrader's feedback template misses parts of WCAG 2.1 AA (no page language, a score heading before
# the h1, low-contrast links, six links all called "Test cell"). The course's exporter writes the same
# page with those put right, for the formgrader's button as for `course feedback`.
c.GenerateFeedback.exporter_class = "readinglab.instructor.feedback.AccessibleFeedbackExporter"

# Late work. `course deadline ASSIGNMENT WHEN` sets the due date and `course extend ASSIGNMENT
# STUDENT --days N` gives one student more time (both in the gradebook, where nbgrader keeps them).
# At autograde, nbgrader's AssignLatePenalties asks this plugin for each late notebook's penalty:
# 10% of the score for each day or part of a day late, never more than 50%, with 5 minutes' grace
# for a slow upload. The penalty uses the score at autograde, so grade a late student again after
# marking their answers by hand (`course grade ASSIGNMENT --student S`; manual scores are kept).
c.AssignLatePenalties.plugin_class = "readinglab.instructor.deadlines.PenaltyPerDayLate"
c.PenaltyPerDayLate.percent_per_day = 10
c.PenaltyPerDayLate.max_percent = 50
c.PenaltyPerDayLate.grace_minutes = 5
