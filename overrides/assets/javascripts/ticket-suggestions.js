/* Ticket form: as the customer types the subject (and picks the product), up to three articles of the
 * page's language that may answer the question, from the site's search index (search.js). Each opens in
 * a new tab; the draft stays in this one (ticket-form.js keeps it for the tab, through reloads too). */
(() => {
  "use strict";
  const LIMIT = 3;
  const MIN_LETTERS = 3;
  const WAIT_MS = 250; // after the last key press

  function start() {
    const box = document.querySelector("[data-hc='ticket-suggestions']");
    const subject = document.getElementById("hc-subject");
    const search = window.helpcenterSearch;
    if (!box || !subject || !search) return;
    const product = document.getElementById("hc-product");
    const list = box.querySelector("ul");

    /* An article about another product than the one picked is no answer; general articles are. */
    const aboutPicked = (article) => !product || !product.value || !article.product || article.product === product.value;

    function show(articles) {
      list.replaceChildren();
      for (const article of articles) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = article.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = article.title;
        item.append(link);
        if (article.section) {
          const section = document.createElement("span");
          section.className = "hc-suggestions__section";
          section.textContent = article.section;
          item.append(" ", section);
        }
        const excerpt = document.createElement("p");
        excerpt.className = "hc-suggestions__excerpt";
        excerpt.append(search.highlighted(article.excerpt));
        item.append(excerpt);
        list.append(item);
      }
      box.hidden = articles.length === 0;
    }

    async function update() {
      const query = subject.value.trim();
      if (query.replace(/\s/g, "").length < MIN_LETTERS) return show([]);
      try {
        const found = await search.find(query, { limit: LIMIT, keep: aboutPicked, debounce: WAIT_MS });
        if (found !== null && subject.value.trim() === query) show(found.results);
      } catch (error) {
        show([]); // no suggestions is no loss: the form works without them
      }
    }

    subject.addEventListener("input", update);
    if (product) product.addEventListener("change", update);
    update(); // a draft restored after a reload or a return to the page
  }

  /* After every script of the page has run (search.js comes later): the DOMContentLoaded that the
   * after-paint loader sends. Its own task, not a part of Material's start-up on the same event. */
  document.addEventListener("DOMContentLoaded", () => setTimeout(start), { once: true });
})();
