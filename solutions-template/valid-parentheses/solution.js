function isValid(s) {
  // TODO: return true when every bracket of s is closed by the same kind, in the right order.
  return false;
}
