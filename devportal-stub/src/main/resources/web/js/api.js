// @ts-check
// The REST API (see API.md): one call, its JSON answer, and the errors it carries.
import { notice } from './dom.js';

/**
 * @typedef {{field: string, message: string}} FieldError
 * @typedef {{status: number, data: any}} ApiResult
 */

/**
 * One request; never throws: a server that does not answer is status 0 with a sentence.
 * @param {string} method
 * @param {string} path
 * @param {any} [body] JSON, or a Blob sent as it is
 * @param {Record<string, string>} [extraHeaders]
 * @param {boolean} [quiet] a background refresh: a missing token is said by the calls the user made
 * @returns {Promise<ApiResult>}
 */
export async function api(method, path, body, extraHeaders, quiet) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', ...(extraHeaders || {}) };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    if (body instanceof Blob) {
      init.body = body;
    } else {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { status: 0, data: { errors: [{ field: '', message: 'the portal does not answer: is devportal serve still running?' }] } };
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { errors: [{ field: '', message: text.slice(0, 200) }] }; }
  }
  if (response.status === 401 && !quiet) {
    // The token lives in an HttpOnly cookie the page cannot read; only the printed link can set it again.
    notice('This page has no valid API token: open the link that devportal serve printed.', 'error');
  }
  return { status: response.status, data };
}

/**
 * The errors a failed answer carries, or one naming its HTTP status.
 * @param {ApiResult} result
 * @returns {FieldError[]}
 */
export function errorsOf(result) {
  const list = result.data && Array.isArray(result.data.errors) ? result.data.errors : [];
  return list.length ? list : [{ field: '', message: 'request failed with HTTP ' + result.status }];
}

