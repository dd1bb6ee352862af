// Adds and drops unknown products, but never caps by the stock.
function mergeCarts(user, session, stock) {
  const out = {};
  for (const cart of [user, session]) {
    for (const [p, q] of Object.entries(cart)) {
      if (p in stock && q > 0) out[p] = (out[p] || 0) + q;
    }
  }
  for (const p of Object.keys(out)) if (stock[p] === 0) delete out[p];
  return out;
}
