/* Search in the page's language with Pagefind, in Material's header search box (overrides/helpcenter/
 * search.html). Pagefind picks the index of the page's <html lang>; nothing is downloaded until the reader
 * opens the search. Keys: "/" or "s" opens it, arrows move through the results, Enter opens one, Escape
 * closes. window.helpcenterSearch.find() serves other parts of the site (the ticket form's suggestions). */
(() => {
  "use strict";
  const configElement = document.getElementById("hc-search-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  const bundle = new URL(config.bundle, location.href);
  const MAX_RESULTS = 10;
  let pagefind = null;

  /* --- Pagefind, loaded once, on demand --- */
  function engine() {
    if (!pagefind) {
      pagefind = import(bundle.href).then(async (module) => {
        // Result URLs are stored from the site's root; the site may live below a path (/help/).
        await module.options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 22 });
        module.init();
        return module;
      });
    }
    return pagefind;
  }

  /* The first `limit` matches of `query` as {url, title, section, product, excerpt}, best first; null
   * when a newer query replaced this one while it ran. */
  async function find(query, { limit = MAX_RESULTS, keep = () => true, debounce = 0 } = {}) {
    const module = await engine();
    const search = debounce ? await module.debouncedSearch(query, {}, debounce) : await module.search(query);
    if (search === null) return null;
    const found = [];
    for (let start = 0; found.length < limit && start < search.results.length; start += limit) {
      const data = await Promise.all(search.results.slice(start, start + limit).map((result) => result.data()));
      for (const page of data) {
        const item = { url: page.url, title: page.meta.title || page.url, section: page.meta.section || "",
                       product: page.meta.product || "", excerpt: page.excerpt };
        if (found.length < limit && keep(item)) found.push(item);
      }
    }
    return { total: search.results.length, results: found };
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matched words: keep exactly that. */
  function highlighted(excerpt) {
    const template = document.createElement("template");
    template.innerHTML = excerpt;
    const fragment = document.createDocumentFragment();
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.append(mark);
      } else {
        fragment.append(node.textContent);
      }
    }
    return fragment;
  }

  window.helpcenterSearch = { find, highlighted };

  /* --- the header's search box --- */
  const toggle = document.getElementById("__search");
  const dialog = document.querySelector("[data-hc='search']");
  const form = document.querySelector("[data-hc='search-form']");
  const button = document.querySelector("[data-hc='search-button']");
  if (!toggle || !dialog || !form) return;
  const input = form.elements.query;
  const meta = dialog.querySelector("[data-hc='search-meta']");
  const list = document.getElementById("hc-search-results");
  const say = config.messages;

  const links = () => [...list.querySelectorAll("a")];

  /* Material's own scripts watch the toggle (a phone's page stops scrolling under the open search). */
  function setToggle(checked) {
    if (toggle.checked === checked) return;
    toggle.checked = checked;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    setToggle(true);
    // The box slides in on a phone: scrolling it into view mid-slide would shift the whole header.
    input.focus({ preventScroll: true });
    engine(); // start loading while the reader types
  }

  function close() {
    setToggle(false);
    input.setAttribute("aria-expanded", "false");
    input.blur();
    if (button && getComputedStyle(button).display !== "none") button.focus();
  }

  function count(total) {
    if (total === 0) return say.none;
    return (total === 1 ? say.one : say.other).replace("#", total);
  }

  function render(query, found) {
    list.replaceChildren();
    list.dataset.query = query; // which query the list answers (tests wait for it)
    if (!query) {
      meta.textContent = say.placeholder;
      input.setAttribute("aria-expanded", "false");
      return;
    }
    meta.textContent = count(found.total);
    found.results.forEach((result, position) => {
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      item.setAttribute("role", "presentation");
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = result.url;
      link.id = `hc-search-result-${position}`;
      link.tabIndex = -1;
      link.setAttribute("role", "option");
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.append(icon);
      if (result.section) {
        const section = document.createElement("p");
        section.className = "hc-search-result__section";
        section.textContent = result.section;
        article.append(section);
      }
      const title = document.createElement("h1");
      title.textContent = result.title;
      const teaser = document.createElement("p");
      teaser.className = "md-search-result__teaser";
      teaser.append(highlighted(result.excerpt));
      article.append(title, teaser);
      link.append(article);
      item.append(link);
      list.append(item);
    });
    input.setAttribute("aria-expanded", found.results.length ? "true" : "false");
  }

  async function update() {
    const query = input.value.trim();
    if (!query) return render("", null);
    const found = await find(query, { debounce: 120 });
    if (found !== null && input.value.trim() === query) render(query, found);
  }

  function move(step) {
    const all = links();
    if (!all.length) return;
    const position = all.indexOf(document.activeElement);
    const next = position + step;
    for (const link of all) link.removeAttribute("aria-selected");
    if (next < 0) {
      input.focus({ preventScroll: true });
      input.removeAttribute("aria-activedescendant");
      return;
    }
    const target = all[Math.min(next, all.length - 1)];
    target.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", target.id);
    target.focus({ preventScroll: true });
    reveal(target);
  }

  /* Scroll the result list (only it) so that `link` is in view. */
  function reveal(link) {
    const area = list.closest(".md-search__scrollwrap");
    const box = link.getBoundingClientRect();
    const view = area.getBoundingClientRect();
    if (box.bottom > view.bottom) area.scrollTop += box.bottom - view.bottom;
    else if (box.top < view.top) area.scrollTop -= view.top - box.top;
  }

  toggle.addEventListener("change", () => (toggle.checked ? open() : close()));
  input.addEventListener("focus", () => { if (!toggle.checked) open(); });
  input.addEventListener("input", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { render("", null); input.focus({ preventScroll: true }); }));
  list.addEventListener("click", (event) => { if (event.target.closest("a")) setToggle(false); });

  if (button) {
    button.addEventListener("click", open);
    button.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
  }

  dialog.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && event.target === input) {
      event.preventDefault();
      const first = links()[0];
      if (first) first.click();
    }
  });

  /* "/" or "s" opens the search from anywhere but a text field, as Material's own search did. */
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || toggle.checked) return;
    const target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      open();
    }
  });
})();
