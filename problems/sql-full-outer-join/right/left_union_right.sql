-- Both outer halves: every employee, then the departments no employee points at.
SELECT e.name, d.dept_name
FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id
UNION ALL
SELECT e.name, d.dept_name
FROM Departments d LEFT JOIN Employees e ON e.dept_id = d.id
WHERE e.id IS NULL;
