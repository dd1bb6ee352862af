-- The comma join with the condition in WHERE: the same inner join.
SELECT e.name, d.dept_name
FROM Employees e, Departments d
WHERE e.dept_id = d.id;
