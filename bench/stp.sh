#!/bin/sh
# The spanning tree engine in the simulator: simulated convergence times and
# the engine's wall-clock cost (see bench/stp_sim.c and the README).
BUILD=${BUILD:-build}
"$BUILD"/bench/stp_sim
