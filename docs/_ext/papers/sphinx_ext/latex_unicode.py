"""Greek letters and mathematical signs in titles, for the PDF that pdflatex sets.

Titles in this field name methods with Greek letters ("γ-FedHT", "ε-differential
privacy") and carry mathematical signs (U+2212 MINUS SIGN, "≤"). pdflatex, Sphinx's
default engine and the one Read the Docs runs, knows none of them: each is a LaTeX
error ("Unicode character γ (U+03B3) not set up for use with LaTeX") and a gap in
the printed title. At ``config-inited`` the extension declares each of them as its
math-mode symbol in the preamble, after what ``latex_elements["preamble"]`` holds
already. XeLaTeX and LuaLaTeX read Unicode themselves and get nothing.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: Greek letters whose capital is no Latin letter's look-alike, by their LaTeX names
_GREEK_SMALL = ("alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma "
                "sigma tau upsilon varphi chi psi omega").split()
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


def add_declarations(app: Sphinx, config: Config) -> None:
    if config.latex_engine != "pdflatex":
        return
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + "\n% papers: Greek letters and signs in titles\n" \
        + declarations() + "\n"
    config.latex_elements = elements


def setup_latex_unicode(app: Sphinx) -> None:
    app.connect("config-inited", add_declarations)
