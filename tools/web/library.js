// The page's side of src/app/web.c (linked with --js-library): downloads, the link, the first
// frame's time.
mergeInto(LibraryManager.library, {
  // a finished recording or screenshot: offered as a download, then gone from the page's memory
  web_js_offer__deps: ['$FS'],
  web_js_offer: function (pathPtr) {
    var p = UTF8ToString(pathPtr), name = p.split('/').pop();
    var type = /\.gif$/.test(name) ? 'image/gif' : 'image/png';
    var url = URL.createObjectURL(new Blob([FS.readFile(p)], { type: type }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    FS.unlink(p);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },
  // the live scene's text into the address bar's fragment (index.html opens such links)
  web_js_link: function (textPtr) {
    Module.fragment = UTF8ToString(textPtr);
    history.replaceState(null, '', '#' + encodeURIComponent(Module.fragment));
  },
  web_js_first_frame: function () {
    Module.firstFrame = performance.now();
  },
});
