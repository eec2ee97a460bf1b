// Close codes for the close card and tooltips: the decoder's one table (name, meaning, and
// whether an endpoint may send the code), re-exported for the views.
export { CLOSE_CODES, type CloseCodeDoc, describeCloseCode } from '../../decoder/index.js';
