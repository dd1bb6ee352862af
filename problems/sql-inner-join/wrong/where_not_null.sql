-- Filters NULL keys but keeps dangling ones, with no department name to show.
SELECT e.name, (SELECT dept_name FROM Departments WHERE id = e.dept_id) AS dept_name
FROM Employees e
WHERE e.dept_id IS NOT NULL;
