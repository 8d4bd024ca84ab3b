"""Instructor tools: the ``course`` command, over nbgrader's Python API.

Nothing here is imported by ``readinglab`` itself, so students' notebooks never
pay for nbgrader. Modules, one concept each:

- :mod:`.course`   find the course folder and read its nbgrader configuration
- :mod:`.grading`  autograde a class in worker processes
- :mod:`.merge`    copy one student's grades into the real gradebook, safely
- :mod:`.feedback` feedback HTML without hidden tests or mark schemes
- :mod:`.report`   grades CSV, per-question table and plots
- :mod:`.exchange` release and collect (nbgrader exchange or an LMS zip)
- :mod:`.lms`      rosters in, grades and feedback out, in Canvas's and Moodle's files
- :mod:`.deadlines` due dates, extensions and the late-penalty plugin
- :mod:`.cli`      the ``course`` command line
"""
