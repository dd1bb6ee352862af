-- The same join written from the other side: Departments RIGHT JOIN Employees.
SELECT e.name, d.dept_name
FROM Departments d
RIGHT JOIN Employees e ON e.dept_id = d.id;
