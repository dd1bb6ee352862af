function flattenJson(doc) {
  const out = {};
  const walk = (value, path) => {
    const branch = value !== null && typeof value === "object" && Object.keys(value).length > 0;
    if (!branch) {
      out[path] = value;
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
  };
  walk(doc, "");
  return out;
}
