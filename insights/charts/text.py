"""Text the user typed, made safe to draw with matplotlib.

matplotlib reads a pair of dollar signs as mathtext: a medicine called
"Mg $\\foo$" made the chart fail to draw, and "$x$" was drawn as math. Every
user-provided text passes through `literal()` on its way to a chart.
"""


def literal(text) -> str:
    """`text` as matplotlib draws it letter for letter (an escaped `$` is a `$`)."""
    return str(text).replace("$", r"\$")
