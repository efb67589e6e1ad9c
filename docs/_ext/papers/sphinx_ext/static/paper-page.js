/* A paper's page: the Copy buttons of its references and BibTeX (shown only where this script runs). */
"use strict";
(() => {
  const status = document.querySelector(".pp-status");
  const say = (message) => {
    if (!status) return;
    status.textContent = "";
    requestAnimationFrame(() => (status.textContent = message));
  };
  for (const button of document.querySelectorAll(".pp-copy")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset.copy);
      const text = source.textContent.trim();
      const select = () => getSelection().selectAllChildren(source);
      if (!navigator.clipboard) {
        select();
        say("Copying is not available here: the text is selected, press Ctrl+C (\u2318C on a Mac) to copy it.");
        return;
      }
      navigator.clipboard.writeText(text).then(() => say(`Copied: ${button.textContent.replace(/^Copy /, "")}.`), () => {
        select();
        say("The browser did not allow copying: the text is selected, press Ctrl+C (\u2318C on a Mac) to copy it.");
      });
    });
  }
})();
