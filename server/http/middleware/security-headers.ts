import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet's defaults with a strict Content-Security-Policy. Scripts only from this origin and no
 * 'unsafe-eval': the client renders charts with vega-embed's expression interpreter (`ast: true`)
 * instead of Vega's code generator, which would need eval. Styles only from this origin too:
 * Vega draws with presentation attributes and CSSOM (both allowed); vega-embed's and
 * vega-tooltip's injected <style> elements are turned off in the client (`defaultStyle: false`,
 * `tooltip: { disableDefaultStyle: true }`) and their CSS ships in app.css.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // PNG/SVG chart downloads are made as data: and blob: URLs.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: a partnership may serve plain HTTP on an internal network.
      },
    },
    // Same-origin only; nothing here is meant to be embedded or fetched cross-site.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
