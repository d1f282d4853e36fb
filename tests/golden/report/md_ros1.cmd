report --no-version $T/classify/cases/CL-ROS1.json --format md
