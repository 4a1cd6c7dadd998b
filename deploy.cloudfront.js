// CloudFront Function for the front of an s3 deploy target: serve the precompressed copy of a text file
// that the browser accepts, and say that the answer varies with Accept-Encoding.
//
// `helpcenter deploy` uploads, beside every text file of the site, `x.html.br` and `x.html.gz`, each with
// its Content-Encoding and the Content-Type and Cache-Control of `x.html` (helpcenter.deploy.headers).
// S3 answers a key as it is stored and cannot choose by Accept-Encoding: this function does, by the name
// alone (every text file has both copies). Create it with the JavaScript runtime 2.0 and associate it
// with the distribution's behaviour twice: viewer request (picks the copy) and viewer response (adds
// Vary). The part of the front that maps a path to `releases/<release>/` (README, "Deploying") maps the
// rewritten path the same way. It chooses as helpcenter.compression does; tests/deploy/test_cdn_function.py
// runs both on the same requests.

var TEXT = /\.(html|css|js|json|xml|svg|txt|map|webmanifest)$/i;
var ENCODINGS = [["br", ".br"], ["gzip", ".gz"]]; // in order of preference

// The preferred encoding the Accept-Encoding header allows (q=0 refuses), or null.
function acceptedEncoding(header) {
  var quality = {};
  (header || "").split(",").forEach(function (item) {
    var parts = item.trim().split(";");
    var parameter = parts.slice(1).join(";").trim();
    var value = 1;
    if (parameter.indexOf("q=") === 0) {
      value = Number(parameter.slice(2));
      if (isNaN(value) || parameter.slice(2).trim() === "") value = 0;
    }
    quality[parts[0].trim().toLowerCase()] = value;
  });
  for (var i = 0; i < ENCODINGS.length; i++) {
    var name = ENCODINGS[i][0];
    var value = name in quality ? quality[name] : ("*" in quality ? quality["*"] : 0);
    if (value > 0) return ENCODINGS[i];
  }
  return null;
}

// The file a path names: a folder's index.html.
function fileOf(uri) {
  return uri.slice(-1) === "/" ? uri + "index.html" : uri;
}

function handler(event) {
  var request = event.request;
  if (event.context.eventType === "viewer-response") {
    var response = event.response;
    if (TEXT.test(fileOf(request.uri).replace(/\.(br|gz)$/, ""))) response.headers["vary"] = { value: "Accept-Encoding" };
    return response;
  }
  var path = fileOf(request.uri);
  if (TEXT.test(path)) {
    var header = request.headers["accept-encoding"];
    var encoding = acceptedEncoding(header && header.value);
    request.uri = encoding ? path + encoding[1] : path;
  }
  return request;
}
