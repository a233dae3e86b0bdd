// The end-to-end harness itself: Debian Chromium starts under playwright-core, loads a page from a
// server on 127.0.0.1 and renders Chinese text with a real CJK font (the UI ships zh-CN; without
// the font every character would be the same empty box).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from './chromium';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>收银台</title>
<body><button id="pay">结账</button><output id="out"></output>
<script>document.getElementById('pay').onclick = () => { document.getElementById('out').textContent = '已付款'; };</script>`;

describe.skipIf(missing !== undefined)('end-to-end harness', () => {
  let server: Server;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loads a local page and reacts to a click', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.title()).toBe('收银台');
    await page.click('#pay');
    expect(await page.textContent('#out')).toBe('已付款');
  });

  it('renders distinct CJK glyphs, so zh-CN text is readable', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const distinct = await page.evaluate(() => {
      const draw = (text: string): string => {
        const canvas = document.createElement('canvas');
        canvas.width = 40;
        canvas.height = 40;
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.font = '32px sans-serif';
        ctx.fillText(text, 2, 32);
        return canvas.toDataURL();
      };
      // Missing-glyph boxes look alike; real glyphs of different characters do not.
      return new Set([draw('收'), draw('银'), draw('台')]).size;
    });
    expect(distinct).toBe(3);
  });
});
