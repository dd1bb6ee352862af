-- Right rows, in whatever order SQLite scans them.
SELECT name, salary
FROM Employees;
