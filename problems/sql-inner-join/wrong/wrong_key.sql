-- Joins the employee's own id to the department id.
SELECT e.name, d.dept_name
FROM Employees e
JOIN Departments d ON d.id = e.id;
