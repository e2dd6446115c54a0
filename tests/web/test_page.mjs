// test_page.mjs BUILD_WEB_DIR — optiplay's page in Debian's chromium (headless, WebGL 2 on
// SwiftShader), driven by playwright-core: it loads the page from a plain static server,
// checks each racer's colour where the core says the racer is (as the native window test
// does), presses keys (help, scenes, surface, the browser-safe Alt keys, Esc and Q that must
// not quit), takes a PNG and a GIF as downloads, and follows the URL round trip: the link the
// address bar holds opens the same scene in a new page. Prints the time to the first frame.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(process.argv[2] || 'build-web');
const scenesDir = path.resolve(process.argv[3] || 'assets/scenes');
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

// ---- a plain static server: no special headers (as any static host) ----
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.data': 'application/octet-stream' };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const f = file.endsWith('/') ? file + 'index.html' : file;
  if (!f.startsWith(root) || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream' });
  fs.createReadStream(f).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

// ---- PNG (playwright's screenshots): 8-bit RGB or RGBA, not interlaced ----
function decodePng(buf) {
  const w = buf.readUInt32BE(16), h = buf.readUInt32BE(20), type = buf[25];
  const bpp = type === 6 ? 4 : 3;
  const idat = [];
  for (let p = 8; p < buf.length;) {
    const len = buf.readUInt32BE(p), kind = buf.toString('ascii', p + 4, p + 8);
    if (kind === 'IDAT') idat.push(buf.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = w * bpp;
  const px = Buffer.alloc(w * h * 3), prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = line[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p0 = a + b - c, pa = Math.abs(p0 - a), pb = Math.abs(p0 - b), pc = Math.abs(p0 - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = cur[x * bpp + k];
    cur.copy(prev);
  }
  return { w, h, px, at: (x, y) => [0, 1, 2].map((k) => px[(y * w + x) * 3 + k]) };
}
const shot = async (page) => decodePng(await page.screenshot({ type: 'png' }));
const differing = (a, b) => {
  let n = 0;
  for (let i = 0; i < a.px.length; i += 3)
    if (Math.abs(a.px[i] - b.px[i]) + Math.abs(a.px[i + 1] - b.px[i + 1]) + Math.abs(a.px[i + 2] - b.px[i + 2]) > 30) n++;
  return n / (a.w * a.h);
};

const racers = (page) => page.evaluate(() => {
  const out = [];
  for (let i = 0; !isNaN(Module._web_racer(i, 0)); i++)
    out.push([0, 1, 2, 3].map((k) => Module._web_racer(i, k)));
  return out;
});
const fragment = (page) => page.evaluate(() => decodeURIComponent(location.hash.slice(1)));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
// The link once it has stopped changing (the page writes it twice a second), or after 10 s.
async function settledLink(page) {
  let last = await fragment(page), since = Date.now();
  for (const t0 = Date.now(); Date.now() - t0 < 10000 && Date.now() - since < 1500;) {
    await sleep(250);
    const now = await fragment(page);
    if (now !== last) { last = now; since = Date.now(); }
  }
  return last;
}

// Pauses the race (Space toggles it): two readings of the racers agree.
async function pause(page) {
  for (let k = 0; k < 3; k++) {
    await page.keyboard.press('Space');
    await sleep(400);
    const a = JSON.stringify(await racers(page));
    await sleep(400);
    if (a === JSON.stringify(await racers(page))) return true;
  }
  return false;
}

// Each racer's colour within 3 pixels of where the core says it is (unless covered).
async function racersWhereTheCoreSays(page, what) {
  const rs = await racers(page), img = await shot(page);
  let checked = 0, seen = 0;
  rs.forEach(([x, y, rgb, hidden], i) => {
    if (hidden || x < 8 || y < 8 || x > img.w - 8 || y > img.h - 8) return;
    if (rs.slice(i + 1).some(([x2, y2]) => Math.hypot(x2 - x, y2 - y) < 18)) return;
    const want = [rgb >> 16, (rgb >> 8) & 255, rgb & 255];
    let found = false;
    for (let dy = -3; dy <= 3 && !found; dy++)
      for (let dx = -3; dx <= 3 && !found; dx++) {
        const c = img.at(Math.round(x) + dx, Math.round(y) + dy);
        found = c.every((v, k) => Math.abs(v - want[k]) <= 24);
      }
    if (!found) console.log(`  racer ${i} (#${rgb.toString(16)}) not seen at (${x.toFixed(0)}, ${y.toFixed(0)})`);
    checked++;
    seen += found;
  });
  check(checked >= 2 && seen === checked, `${what}: ${seen} of ${checked} visible racers in their colour where the core says`);
}

const title = (file) => /^title\s*=\s*(.*)$/m.exec(fs.readFileSync(path.join(scenesDir, file), 'utf8'))[1].trim();
const scenes = fs.readdirSync(scenesDir).filter((f) => f.endsWith('.ini')).sort();

const browser = await chromium.launch({
  executablePath: fs.existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.Module && Module.firstFrame, null, { timeout: 120000 });
  const first = await page.evaluate(() => Module.firstFrame);
  console.log(`first frame ${first.toFixed(0)} ms after the page was opened`);
  check(errors.length === 0, `no page errors ${errors.join('; ')}`);

  // the playlist opens on the first scene; the fragment says so
  check((await settledLink(page)).includes(`title = ${title(scenes[0])}`), `the link holds scene 1 (${title(scenes[0])})`);
  check(await pause(page), 'Space pauses the race');
  await racersWhereTheCoreSays(page, 'scene 1');

  // H: the help overlay covers the picture; Esc closes it; Esc and Q again do not quit
  const before = await shot(page);
  await page.keyboard.press('h');
  await sleep(500);
  const help = await shot(page);
  check(differing(before, help) > 0.2, `H shows the help (${(100 * differing(before, help)).toFixed(0)}% of pixels changed)`);
  await page.keyboard.press('Escape');
  await sleep(500);
  check(differing(before, await shot(page)) < 0.05, 'Esc closes the help');
  await page.keyboard.press('Escape');
  await page.keyboard.press('q');
  await sleep(300);

  // the browser's keys stay the browser's: Alt+= changes the text size, not the page zoom
  await page.keyboard.press('Alt+Equal');
  await sleep(300);
  check(await page.evaluate(() => window.devicePixelRatio === 1), 'Alt+= leaves the page zoom alone');

  // Page Down: the next scene of the playlist (the page still runs after Esc and Q)
  await page.keyboard.press('PageDown');
  const link1 = await settledLink(page);
  check(link1.includes(`title = ${title(scenes[1])}`), `Page Down opens scene 2 (${title(scenes[1])}), nothing quit`);
  if (!link1.includes(`title = ${title(scenes[1])}`)) console.log(link1.split('\n').slice(0, 4).join('\n'));

  // P and G: a PNG and a GIF, offered as downloads
  const dl = async (keys, ext) => {
    const wait = page.waitForEvent('download', { timeout: 60000 });
    for (const k of keys) { await page.keyboard.press(k); await sleep(800); }
    const d = await wait;
    const bytes = fs.readFileSync(await d.path());
    return { name: d.suggestedFilename(), bytes };
  };
  const png = await dl(['p'], 'png');
  check(png.name.endsWith('.png') && png.bytes.subarray(1, 4).toString() === 'PNG' && decodePng(png.bytes).w === 1280,
    `P downloads a PNG (${png.name}, ${png.bytes.length} bytes)`);
  await page.keyboard.press('Space'); // running, so the GIF has frames that differ
  const gif = await dl(['g', 'g'], 'gif');
  check(gif.name.endsWith('.gif') && gif.bytes.subarray(0, 6).toString() === 'GIF89a' && gif.bytes.length > 1000,
    `G, G downloads a GIF (${gif.name}, ${gif.bytes.length} bytes)`);

  // a new surface and a click for the start: the link follows
  await page.keyboard.press('s');
  await page.mouse.click(500, 300);
  check(await pause(page), 'Space pauses again');
  const link = await settledLink(page);
  check(/surface = /.test(link) && /start = /.test(link), 'the link holds the surface and the start');
  const url2 = await page.evaluate(() => location.href);

  // the round trip: the link opens the same scene in a new page, which links to it again
  const page2 = await ctx.newPage();
  await page2.goto(url2);
  await page2.waitForFunction(() => window.Module && Module.firstFrame, null, { timeout: 120000 });
  const link2 = await settledLink(page2);
  const strip = (t) => t.replace(/^view = .*$/m, ''); // the view: refitted to the same window
  check(strip(link2) === strip(link), 'the link opens the same scene, and the new page links to it');
  if (strip(link2) !== strip(link)) console.log(`--- sent\n${link}\n--- back\n${link2}`);
  // a lesson opens paused at step 0, its racers on one point: let them run apart first
  await page2.keyboard.press('Space');
  await sleep(2000);
  check(await pause(page2), 'Space pauses the linked page');
  await racersWhereTheCoreSays(page2, 'the linked scene');
  check(errors.length === 0, `still no page errors ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures ? `${failures} checks failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
