import { describe, expect, it } from 'vitest';

import { toSafeText } from '../../../pipelines/action-plans/safe-text.js';

/** A `<` followed by a letter, `/`, `!` or `?` is where an HTML parser would open a tag. */
const TAG_OPENER = /<[a-z/!?]/i;

describe('toSafeText', () => {
  it('keeps paragraphs as lines and drops inline markup (Stockport 1.1a)', () => {
    const html =
      '<p>Director Of Education to maintain consistent messages across Education settings and services..</p> ' +
      '<p>This advisor <u>must</u> be made aware</p> <ul style="list-style-type: none"> • Mapping - primary and secondary provision';
    expect(toSafeText(html)).toBe(
      'Director Of Education to maintain consistent messages across Education settings and services..\n' +
        'This advisor must be made aware\n' +
        '• Mapping - primary and secondary provision',
    );
  });

  it('turns list items into bullet lines', () => {
    expect(toSafeText('Review:<ul><li>Referral process</li><li>Membership &amp; attendance</li></ul>Done')).toBe(
      'Review:\n• Referral process\n• Membership & attendance\nDone',
    );
  });

  it('treats <br> and <p> as line breaks and collapses layout whitespace', () => {
    expect(toSafeText('<p>one\n   two<br>three<br/>four</p>\n<p>five</p>')).toBe('one two\nthree\nfour\nfive');
  });

  it('decodes entities once', () => {
    expect(toSafeText('Tom &amp; Jerry &pound;7.5K &ndash; &#8220;Cut Them Free&#8221; &#x2022; x')).toBe(
      'Tom & Jerry £7.5K – “Cut Them Free” • x',
    );
    expect(toSafeText('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;');
    expect(toSafeText('AT&T R&D &unknown;')).toBe('AT&T R&D &unknown;');
  });

  it('leaves plain text alone apart from trimming, keeping its lines', () => {
    expect(toSafeText('  Line one  \r\nLine two\n\n\n\nPara; a < b and c > d ')).toBe('Line one\nLine two\n\nPara; a < b and c > d');
  });

  it.each([
    ['<script>alert(1)</script>Text', 'Text'],
    ['<style>p { color: red }</style>Text', 'Text'],
    ['<SCRIPT SRC=x></SCRIPT>ok', 'ok'],
    ['<scr<script>ipt>alert(1)</script>', ''],
    ['<<script>script>alert(1)<</script>/script>', ''],
    // Read as one tag named `div<script` that is never closed: like an unclosed script, the rest goes.
    ['<div<script>x</script>>hi', ''],
    ['before<script>never closed', 'before'],
    ['<img src=x onerror=alert(1)>caption', 'caption'],
    ['<a href="x" title="a>b">link</a> after', 'link after'],
    ['keep <!-- a comment <script>x</script> --> going', 'keep going'],
    ['unclosed <b title="x', 'unclosed'],
    ['<p onclick="alert(1)">para</p>', 'para'],
  ])('removes %j', (html, text) => {
    expect(toSafeText(html)).toBe(text);
  });

  it.each([
    '<scr<b></b>ipt>alert(1)</scr<b></b>ipt>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;img src=x onerror=alert(1)&#62;',
    '<<b>img src=x>',
    '<</p>script>alert(1)<</p>/script>',
    '<svg><script>alert(1)</script></svg>',
    '<!<!-- -->--><script>alert(1)</script>',
    '<p>&lt;iframe src=javascript:alert(1)&gt;</p>',
  ])('leaves nothing that opens a tag in %j', (html) => {
    expect(toSafeText(html)).not.toMatch(TAG_OPENER);
  });

  it('shows text that spelled a tag without letting it become one', () => {
    expect(toSafeText('&lt;b&gt;bold&lt;/b&gt;')).toBe('< b>bold< /b>');
  });
});
