function flattenJson(doc) {
  // TODO: return the leaves of doc under their dotted paths ("user.roles.0").
  return {};
}
