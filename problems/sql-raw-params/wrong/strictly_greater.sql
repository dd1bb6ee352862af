-- > instead of >=: a user exactly min_age years old is left out.
SELECT id, name FROM Users WHERE is_active = 1 AND age > :min_age;
