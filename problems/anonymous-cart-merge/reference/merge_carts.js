// Quantities are whole numbers below 2^53, so a JavaScript number holds them exactly.
function mergeCarts(user, session, stock) {
  const merged = new Map();
  for (const cart of [user, session]) {
    for (const [product, qty] of Object.entries(cart)) {
      if (Object.hasOwn(stock, product) && qty > 0) merged.set(product, (merged.get(product) || 0) + qty);
    }
  }
  const out = {};
  for (const [product, qty] of merged) {
    const capped = Math.min(qty, stock[product]);
    if (capped > 0) out[product] = capped;
  }
  return out;
}
