/* Reading aids on every page: switching language keeps the section being read, and a table wider
 * than the screen can be scrolled from the keyboard. Runs after Material has set up the page. */
(() => {
  "use strict";
  const KEY = "hc-language-switch";

  const headings = () => [...document.querySelectorAll(".md-content article :is(h2, h3)[id]")];

  /* The section at the top of the screen: the last heading scrolled past, or none at the top. */
  function sectionBeingRead() {
    const header = document.querySelector(".md-header");
    const line = (header ? header.getBoundingClientRect().bottom : 0) + 16;
    let index = -1;
    headings().forEach((heading, position) => {
      if (heading.getBoundingClientRect().top <= line) index = position;
    });
    return index;
  }

  /* Leaving for another language: take the section along. Its id is kept in the link (a heading with
   * an explicit id, `## Title {#id}`, has it in every language), its position in the session, for
   * headings whose ids come from their (translated) text. */
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.md-select__link[hreflang], a.md-select__link[lang]");
    if (!link) return;
    const index = sectionBeingRead();
    if (index < 0) return;
    const target = new URL(link.href, location.href);
    target.hash = headings()[index].id;
    link.href = target.href;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: target.pathname, index }));
    } catch (error) {
      /* storage disabled: the explicit id still works */
    }
  });

  /* Arriving from another language: the same id if the page has it, else the heading at the same place. */
  function landOnSection() {
    let wanted = null;
    try {
      wanted = JSON.parse(sessionStorage.getItem(KEY));
      sessionStorage.removeItem(KEY);
    } catch (error) {
      return;
    }
    if (!wanted || wanted.path !== location.pathname) return;
    const id = decodeURIComponent(location.hash.slice(1));
    if (id && document.getElementById(id)) return;
    const heading = headings()[wanted.index];
    if (!heading) return;
    history.replaceState(history.state, "", `#${heading.id}`);
    heading.scrollIntoView();
  }

  /* A table or a code block that scrolls sideways can be focused, so that arrow keys scroll it. */
  function focusableScrollers() {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code")) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.tabIndex = 0;
    }
  }

  function setUp() {
    landOnSection();
    focusableScrollers();
  }

  /* Once Material has set the page up; in a task of its own, not a part of Material's start-up. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => setTimeout(setUp));
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

/* "Was this page helpful?" under an article (overrides/helpcenter/feedback.html): the vote is posted at
 * once; after a "no", the optional comment follows with the same id, and another answer after a failed
 * post replaces the first (it may have been stored): one id per page view, so the vote counts once. A failed
 * post keeps the answer and the comment, and offers to try again. No cookie, nothing stored here. */
(() => {
  "use strict";
  const box = document.querySelector("[data-hc=feedback]");
  if (!box) return;
  const $ = (selector) => box.querySelector(selector);
  const vote = $(".hc-feedback__vote"), form = $("form"), comment = $("textarea");
  const thanks = $(".hc-feedback__thanks"), error = $(".hc-feedback__error");
  const id = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  let helpful = null, pending = null;

  function show(part) {
    for (const element of [vote, form, thanks]) element.hidden = element !== part;
    if (part === thanks) thanks.focus();
    else if (part === form) comment.focus();
  }

  async function send(text, next) {
    pending = [text, next];
    error.hidden = true;
    box.setAttribute("aria-busy", "true");
    const body = { id, page: box.dataset.page, language: box.dataset.language, helpful };
    if (text) body.comment = text;
    try {
      const response = await fetch(box.dataset.endpoint, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
        credentials: "omit", signal: AbortSignal.timeout && AbortSignal.timeout(Number(box.dataset.timeout)),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      show(next);
    } catch (failure) {
      error.hidden = false; /* what the reader chose and typed stays as it is */
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  vote.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-helpful]");
    if (!button || box.hasAttribute("aria-busy")) return;
    const answer = button.dataset.helpful === "true";
    helpful = answer;
    send("", helpful ? thanks : form);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (!text) show(thanks);
    else if (!box.hasAttribute("aria-busy")) send(text, thanks);
  });
  $("[data-hc=feedback-retry]").addEventListener("click", () => pending && send(...pending));
})();
