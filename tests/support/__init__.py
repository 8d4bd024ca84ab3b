"""What the tests need to grade a course: copies of it, synthetic students, and what each should score.

Modules, one concept each: :mod:`.course_copy` (the course folder, copies of it
opened as :class:`~readinglab.instructor.course.Course`, releasing, the plain
nbgrader baseline), :mod:`.notebooks` (answer and check cells, with nbgrader's
markers as the course config sets them), :mod:`.students` (the kinds of
synthetic students and their submissions), :mod:`.fake_pass` (the student who
tries to fake a pass), :mod:`.expected` (what each kind should score), :mod:`.answers` (each
assignment's answer tables), :mod:`.grading` (classes graded by the real
``course grade`` code) and :mod:`.tiny_course` (a course of tiny notebooks
for nbgrader-style unit tests).

Grading is never done here: a class is graded by
:func:`readinglab.instructor.grading.grade_class` (or by nbgrader itself), and
the reasons, outcomes and markers are the real code's own.
"""
