"""The course's one colour palette, shared by the students' widgets and the instructors' reports.

Plain hex strings and nothing else, so importing it loads no plotting library.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common form of colour blindness. Ordered so the first two (one per course
# reading) contrast most; yellow is last because it is faint on white.
OKABE_ITO = {
    "orange": "#E69F00",
    "blue": "#0072B2",
    "bluish green": "#009E73",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}
