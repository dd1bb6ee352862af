-- Drops employees without a (matching) department.
SELECT e.name, d.dept_name
FROM Employees e
JOIN Departments d ON d.id = e.dept_id;
