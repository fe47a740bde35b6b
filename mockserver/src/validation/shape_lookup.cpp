// Lookups over the shape table (request_shapes.hpp), by name.
#include "validation/request_shapes.hpp"

namespace bedrock::mock::shapes {

const Shape* find_shape(std::string_view name) {
  for (const Shape* shape : all_shapes()) {
    if (shape->name == name) return shape;
  }
  return nullptr;
}

const Member* find_member(const Shape& shape, std::string_view name) {
  for (const Member& member : shape.members) {
    if (member.name == name) return &member;
  }
  return nullptr;
}

}  // namespace bedrock::mock::shapes
