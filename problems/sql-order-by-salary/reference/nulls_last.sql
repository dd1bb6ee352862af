-- Spelled out: SQLite already puts NULLs last when sorting DESC; PostgreSQL puts them first.
SELECT name, salary
FROM Employees
ORDER BY salary DESC NULLS LAST, name;
