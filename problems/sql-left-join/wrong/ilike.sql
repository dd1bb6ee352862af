-- A PostgreSQL habit: SQLite has no ILIKE.
SELECT e.name, d.dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id
WHERE e.name ILIKE '%';
