kb validate
