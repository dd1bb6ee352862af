-- The manager looked up by a correlated subquery (NULL for the top of the tree).
SELECT e.name AS employee,
       (SELECT m.name FROM Employees m WHERE m.id = e.manager_id) AS manager
FROM Employees e;
