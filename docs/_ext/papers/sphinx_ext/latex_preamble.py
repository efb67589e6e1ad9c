"""What LaTeX needs to set the papers' text in the PDF: long addresses, Greek letters and signs.

A row prints its paper's address and its code's, which can be long: a publisher's
page named by the whole title ("…/ndss-paper/scale-mia-a-scalable-model-inversion-
attack-against-…/") is one unbroken word of 120 characters to the ``url`` package,
which breaks only after ``/`` and ``.`` by default, so the line runs 200 pt into the
margin. The ``hyphens`` option lets it break after a hyphen too (no hyphen is added:
the address stays what it is).

Titles in this field name methods with Greek letters ("γ-FedHT", "ε-differential
privacy") and carry mathematical signs (U+2212 MINUS SIGN, "≤"). pdflatex, Sphinx's
default engine and the one Read the Docs runs, knows none of them: each is a LaTeX
error ("Unicode character γ (U+03B3) not set up for use with LaTeX") and a gap in
the printed title: the extension declares each of them as its math-mode symbol.
XeLaTeX and LuaLaTeX read Unicode themselves and get no declarations.

Both are added at ``config-inited``, after what ``latex_elements`` holds already.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: The small Greek letters, U+03B1 to U+03C9 in order, by their LaTeX names (omicron is an "o")
_GREEK_SMALL = ("alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma "
                "sigma tau upsilon varphi chi psi omega").split()
#: The capitals that are no Latin capital's look-alike (Α, Β, Ε... are set as A, B, E by the data)
_GREEK_CAPITAL = {"Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
                  "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
#: Each character and what pdflatex sets for it (math mode wherever the character stands)
SYMBOLS: dict[str, str] = {
    **{chr(0x03B1 + i): ("o" if name == "o" else f"\\{name}") for i, name in enumerate(_GREEK_SMALL)},
    **{char: f"\\{name}" for char, name in _GREEK_CAPITAL.items()},
    # the letters' symbol forms
    "ϵ": "\\epsilon", "ϑ": "\\vartheta", "ϕ": "\\phi", "ϱ": "\\varrho", "ϖ": "\\varpi",
    # signs of mathematics that titles use
    "−": "-", "≤": "\\leq", "≥": "\\geq", "≠": "\\neq", "≈": "\\approx", "∼": "\\sim", "∞": "\\infty",
    "→": "\\rightarrow", "←": "\\leftarrow", "↔": "\\leftrightarrow", "∈": "\\in", "∑": "\\sum",
    "∂": "\\partial", "∇": "\\nabla", "⊕": "\\oplus", "⊗": "\\otimes", "ℓ": "\\ell", "∗": "\\ast",
    "′": "\\prime", "√": "\\surd",
}


def declarations() -> str:
    """The preamble lines that teach pdflatex every character of `SYMBOLS`."""
    return "\n".join(f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{\\ensuremath{{{latex}}}}}"
                     for char, latex in SYMBOLS.items())


def add_to_preamble(app: Sphinx, config: Config) -> None:
    elements = dict(config.latex_elements)
    # before hyperref loads url (Sphinx's place for package options)
    elements["passoptionstopackages"] = elements.get("passoptionstopackages", "") + \
        "\n\\PassOptionsToPackage{hyphens}{url}% papers: long addresses break after a hyphen\n"
    if config.latex_engine == "pdflatex":
        elements["preamble"] = elements.get("preamble", "") + "\n% papers: Greek letters and signs in titles\n" \
            + declarations() + "\n"
    config.latex_elements = elements


def setup_latex_preamble(app: Sphinx) -> None:
    app.connect("config-inited", add_to_preamble)
