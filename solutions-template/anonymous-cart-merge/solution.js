function mergeCarts(user, session, stock) {
  // TODO: the user's cart after login: quantities add, the stock caps each one, products not in
  // `stock` are dropped, and lines that come to 0 (or less) are left out.
  return { ...user };
}
