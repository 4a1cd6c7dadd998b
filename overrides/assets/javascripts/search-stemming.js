/*
 * Search with the language's stemmer, and still as-you-type.
 *
 * Material's search worker adds a trailing wildcard to every word ("Standortes" -> "Standortes*"),
 * and lunr does not stem wildcard terms, so an inflected word ("Standortes") never finds its stem
 * ("Standort") in the index. Material leaves a word alone when it carries a boost ("word^1"), so each
 * plain word is sent twice: once exact with a neutral boost (stemmed, "Standortes" finds "Standort")
 * and once as typed (prefix, "Warnz" finds "Warnzonen"). Loaded before Material's bundle.
 */
(function () {
  "use strict";
  var SEARCH_QUERY = 2; // message type of a query sent to Material's search worker
  var post = Worker.prototype.postMessage;

  function withStemmedTerms(query) {
    return query.split(/\s+/).filter(Boolean).map(function (word) {
      // leave query syntax alone: +required, -excluded, wildcards, boosts, fields, quotes
      return /^[+\-]|[~^*:"]/.test(word) ? word : word + "^1 " + word;
    }).join(" ");
  }

  Worker.prototype.postMessage = function (message) {
    if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
      arguments[0] = { type: SEARCH_QUERY, data: withStemmedTerms(message.data) };
    }
    return post.apply(this, arguments);
  };
})();
